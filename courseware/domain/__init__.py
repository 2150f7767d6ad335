"""The domain layer: what several features share, as plain functions over the models.

Blueprints call it; it never imports a blueprint (the import contracts in pyproject.toml check).
"""
