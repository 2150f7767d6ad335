"""The floor of this stack: a bare Flask app that returns the bytes of our lesson page.

It does nothing else, so its throughput under the same gunicorn settings is the best any page of
ours could do. BENCH_FLOOR_FILE names the captured page.
"""

import os

from flask import Flask, Response

app = Flask(__name__)
with open(os.environ["BENCH_FLOOR_FILE"], "rb") as page:
    BODY = page.read()


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def same_bytes(path):
    return Response(BODY, mimetype="text/html")
