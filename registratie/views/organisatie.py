from django.http import HttpResponse


def kies_bestuur(request):
    return HttpResponse("")


def organisatie(request, code):
    return HttpResponse("")
