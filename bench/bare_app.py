"""The floor: a bare Flask app whose one route returns a small JSON object (bench/floor.py serves it)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return {"status": "ok"}
