from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_a_session_or_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_readiness_asks_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200


def test_readiness_is_503_when_the_database_is_gone(client):
    with mock.patch("aftersales.core.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content
