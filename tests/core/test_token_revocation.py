"""Tokens: the owner lists and revokes their own; a new password or deactivation ends them all."""

from django.contrib.auth.forms import AdminPasswordChangeForm

from aftersales.core.models import ApiToken, AuditEvent
from tests.factories import PASSWORD


def new_token(api, username="agent", name=""):
    r = api().post("tokens", {"username": username, "password": PASSWORD, "name": name})
    assert r.status_code == 201, r.content
    return r.json()["token"]


def test_owner_lists_their_own_tokens_without_their_values(world, api):
    phone = new_token(api, name="phone")
    new_token(api, name="laptop")
    new_token(api, username="dispatcher")
    r = api(token=phone).get("tokens")
    assert r.status_code == 200
    rows = r.json()
    assert [row["name"] for row in rows] == ["laptop", "phone"]
    assert all(row["prefix"] and "token" not in row for row in rows)
    assert phone.startswith(rows[1]["prefix"])


def test_owner_revokes_a_token_and_it_stops_working_at_once(world, api):
    phone, laptop = new_token(api, name="phone"), new_token(api, name="laptop")
    token_id = ApiToken.objects.get(key_hash=ApiToken.hash(phone)).pk
    r = api(token=laptop).client.delete(
        f"/api/v1/tokens/{token_id}", headers={"Authorization": f"Bearer {laptop}"}
    )
    assert r.status_code == 204, r.content
    assert api(token=phone).get("work-orders").status_code == 401
    assert api(token=laptop).get("work-orders").status_code == 200
    event = AuditEvent.objects.get(verb="token.revoked")
    assert event.actor == world.users["agent"] and event.data["prefix"] == phone[:8]


def test_another_users_token_answers_404_and_survives(world, api):
    theirs = new_token(api, username="dispatcher")
    mine = new_token(api)
    token_id = ApiToken.objects.get(key_hash=ApiToken.hash(theirs)).pk
    for target in (token_id, 10**6, 2**63):
        r = api(token=mine).client.delete(
            f"/api/v1/tokens/{target}", headers={"Authorization": f"Bearer {mine}"}
        )
        assert r.status_code == 404, (target, r.content)
        assert r.json()["code"] == "not_found"
    assert api(token=theirs).get("work-orders").status_code == 200


def test_listing_and_revoking_need_authentication(world, api):
    assert api().get("tokens").status_code == 401
    assert api().client.delete("/api/v1/tokens/1").status_code == 401


def test_a_password_change_through_the_model_revokes_every_token(world, api):
    token = new_token(api)
    user = world.users["agent"]
    user.set_password("another-long-pass-phrase")
    user.save()
    assert api(token=token).get("work-orders").status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(verb="token.revoked_all").reason == "password changed"


def test_a_password_change_in_the_admin_revokes_every_token(world, api):
    token = new_token(api)
    form = AdminPasswordChangeForm(
        world.users["agent"],
        {"password1": "another-long-pass-phrase", "password2": "another-long-pass-phrase"},
    )
    assert form.is_valid(), form.errors
    form.save()
    assert api(token=token).get("work-orders").status_code == 401


def test_deactivation_revokes_every_token_for_good(world, api):
    token = new_token(api)
    user = world.users["agent"]
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()
    assert api(token=token).get("work-orders").status_code == 401


def test_other_saves_keep_the_tokens(world, api):
    token = new_token(api)
    user = world.users["agent"]
    user.display_name = "王客服"
    user.save()
    # A login (last_login update) keeps them too.
    assert api().client.login(username="agent", password=PASSWORD)
    assert api(token=token).get("work-orders").status_code == 200
