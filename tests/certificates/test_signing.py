"""The signing key: made once per deployment, even by racing processes, or given by config."""

import json
import stat
import subprocess
import sys
import time
from pathlib import Path

from courseware.certificates import signing

# Loads signing.py alone (it needs no Flask), says it is ready, waits for the start line.
RACER = """
import importlib.util, json, sys, time
from pathlib import Path
spec = importlib.util.spec_from_file_location("signing", sys.argv[1])
signing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(signing)
folder, ready, go = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
ready.touch()
while not go.exists():
    time.sleep(0.001)
print(json.dumps(signing.public_jwk(signing.instance_key(folder))))
"""


def test_racing_processes_make_one_key(tmp_path):
    folder, go = tmp_path / "instance", tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, signing.__file__, str(folder),
             str(tmp_path / f"ready-{n}"), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(6)
    ]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("ready-*"))) < len(racers) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = [racer.communicate(timeout=60) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err for _, err in results]
    keys = {out.strip() for out, _ in results}
    assert len(keys) == 1
    path = folder / signing.KEY_FILE
    assert json.loads(keys.pop()) == signing.public_jwk(signing.load_private_key(path.read_bytes()))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [signing.KEY_FILE]  # no leftovers


def test_the_jwks_url_publishes_the_instance_key_and_only_its_public_half(app, client):
    first = client.get("/.well-known/jwks.json")
    assert first.status_code == 200 and first.mimetype == "application/json"
    (key,) = first.get_json()["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "use", "alg"}
    assert client.get("/.well-known/jwks.json").get_json() == first.get_json()
    on_disk = signing.load_private_key(
        (Path(app.instance_path) / signing.KEY_FILE).read_bytes()
    )
    assert signing.public_jwk(on_disk) == key


def test_a_configured_key_is_used_instead(tmp_path):
    from tests.conftest import make_app

    pem = signing.private_pem(signing.Ed25519PrivateKey.generate()).decode()
    app = make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", tmp_path, CERTIFICATE_SIGNING_KEY=pem)
    with app.test_request_context():
        published = app.test_client().get("/.well-known/jwks.json").get_json()
    assert published == signing.jwks(signing.load_private_key(pem))
    assert not (tmp_path / "instance" / signing.KEY_FILE).exists()


def test_the_thumbprint_follows_rfc_7638():
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    jwk = signing.public_jwk(Ed25519PublicKey.from_public_bytes(raw))
    assert jwk["x"] == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    assert jwk["kid"] == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
