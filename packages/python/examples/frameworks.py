"""Reading the raw body in the common frameworks: verify those bytes, never a parsed-and-dumped
copy. (Examples to copy; each needs its framework installed.)"""
import os

import autosana_webhook

SECRETS = [os.environ["AUTOSANA_WEBHOOK_SECRET"]]
HEADER = autosana_webhook.HEADER


def flask_app():
    from flask import Flask, abort, request

    app = Flask(__name__)

    @app.post("/webhooks/autosana")
    def autosana():
        raw = request.get_data(cache=True)  # the bytes as received; request.json would re-encode
        result = autosana_webhook.verify(raw, request.headers.get(HEADER), SECRETS, max_age=300)
        if not result:
            autosana_webhook.capture("failed-webhooks", request.method, request.full_path.rstrip("?"),
                                     list(request.headers.items()), raw)
            abort(401)
        return {"status": "accepted"}

    return app


def django_view(request):
    from django.http import HttpResponse, JsonResponse

    raw = request.body  # bytes as received (read it before request.POST)
    result = autosana_webhook.verify(raw, request.headers.get(HEADER), SECRETS, max_age=300)
    if not result:
        autosana_webhook.capture("failed-webhooks", request.method, request.get_full_path(),
                                 list(request.headers.items()), raw)
        return HttpResponse(status=401)
    return JsonResponse({"status": "accepted"})


def fastapi_app():
    from fastapi import FastAPI, HTTPException, Request

    app = FastAPI()

    @app.post("/webhooks/autosana")
    async def autosana(request: Request):
        raw = await request.body()  # not a pydantic model: that is parsed, not received
        result = autosana_webhook.verify(raw, request.headers.get(HEADER), SECRETS, max_age=300)
        if not result:
            target = request.url.path + ("?" + request.url.query if request.url.query else "")
            autosana_webhook.capture("failed-webhooks", request.method, target,
                                     list(request.headers.items()), raw)
            raise HTTPException(status_code=401)
        return {"status": "accepted"}

    return app
