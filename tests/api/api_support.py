"""What the API tests share besides fixtures (conftest.py): the in-memory store, a client with
one API key, keys and customer bodies. A module of its own, not conftest: tests/conftest.py is
`conftest` too."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from kontor.services.access import create_key

NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


class Api:
    """A client with one API key: `api.post("/customers/c/subscribe", date=..., ...)`."""

    def __init__(self, client: TestClient, secret: str, lang: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"}
        if lang:
            self.headers["Accept-Language"] = lang

    def get(self, path: str, **params):
        return self.client.get("/v1" + path, params=params, headers=self.headers)

    def post(self, path: str, body: dict | None = None, **fields):
        return self.client.post("/v1" + path, json=body if body is not None else fields,
                                headers=self.headers)

    def upload(self, path: str, name: str, content: bytes, **form):
        return self.client.post("/v1" + path, files={"file": (name, content, "text/csv")},
                                data=form, headers=self.headers)

    def ok(self, response, status: int = 200):
        assert response.status_code == status, response.text
        return response.json()


def new_key(store, role: str, customer: str | None = None) -> str:
    return create_key(store.uow(), role, customer, NOW)[1]


def customer_body(customer_id: str, catalog: str, country: str = "DE",
                  region: str | None = "BY") -> dict:
    return {"id": customer_id, "name": f"Kunde {customer_id}", "country": country,
            "region": region, "address": ["Hauptstr. 1", "80331 München"],
            "vat_id": "DE123456789", "email": f"{customer_id}@example.com",
            "catalogs": [catalog]}
