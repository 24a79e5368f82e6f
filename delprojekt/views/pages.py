from django.http import HttpResponse


def portfolio(request):
    return HttpResponse("ok")
