"""Change notifications for supplier systems (mutatiemeldingen): subscriptions, delivery as CloudEvents."""
