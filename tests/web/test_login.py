from django.urls import reverse

from netwerkdossier.synthetic.personas import DEMO_PASSWORD


def test_login_page_is_dutch_and_labelled(client, db):
    response = client.get(reverse("web:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert "<title>Inloggen" in html


def test_login_with_form_goes_to_worklist(client, cast):
    response = client.post(reverse("web:login"),
                           {"username": "lotte", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("web:worklist")


def test_wrong_password_gives_dutch_error(client, cast):
    response = client.post(reverse("web:login"), {"username": "lotte", "password": "fout"})
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()


def test_pages_need_login(client, cast):
    for url in (reverse("web:worklist"), reverse("web:search"),
                reverse("web:household", args=[cast.household.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("web:login"))


def test_logout_is_post_only(login):
    client = login("lotte")
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:worklist")).status_code == 302
