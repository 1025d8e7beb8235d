// Passkeys (WebAuthn): sign in with one, or add one. Buttons carry their URLs in data-
// attributes; the server sends the options and checks the answer (web/passkey_flow.py).
(function () {
  "use strict";
  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    var padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }
  function toText(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(body || {})});
  }
  function say(button, text) {
    var status = document.getElementById(button.dataset.status);
    if (status) { status.textContent = text; }
  }
  function credentialJson(credential) {
    var response = credential.response, out = {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(), response: {
        clientDataJSON: toText(response.clientDataJSON)}};
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      out.response.userHandle = response.userHandle ? toText(response.userHandle) : null;
    }
    return out;
  }
  function signIn(button) {
    say(button, button.dataset.busy);
    post(button.dataset.options).then(function (r) { return r.json(); }).then(function (o) {
      o.challenge = toBytes(o.challenge);
      (o.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.get({publicKey: o});
    }).then(function (credential) {
      return post(button.dataset.verify, {credential: credentialJson(credential),
                                           next: button.dataset.next});
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (answer.next) { window.location.assign(answer.next); } else { say(button, answer.error); }
    }).catch(function () { say(button, button.dataset.failed); });
  }
  function register(button) {
    var name = document.getElementById(button.dataset.name).value;
    say(button, button.dataset.busy);
    post(button.dataset.options).then(function (r) { return r.json(); }).then(function (o) {
      o.challenge = toBytes(o.challenge);
      o.user.id = toBytes(o.user.id);
      (o.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
      return navigator.credentials.create({publicKey: o});
    }).then(function (credential) {
      return post(button.dataset.verify, {name: name, credential: credentialJson(credential)});
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (answer.error) { say(button, answer.error); } else { window.location.reload(); }
    }).catch(function () { say(button, button.dataset.failed); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var supported = !!(window.PublicKeyCredential && navigator.credentials);
    document.querySelectorAll("[data-passkey]").forEach(function (button) {
      if (!supported) { button.hidden = true; return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        (button.dataset.passkey === "sign-in" ? signIn : register)(button);
      });
    });
  });
})();
