from ninja import NinjaAPI

api = NinjaAPI(title="Netwerkdossier API", version="1", urls_namespace="api")
