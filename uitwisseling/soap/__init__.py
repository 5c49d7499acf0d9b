"""DUO's RIO Raadplegen V4 as a SOAP 1.1 service (issue 17 §1); see docs/soap.md."""
