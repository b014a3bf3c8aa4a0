"""Optional authentication: an API key header, and OAuth 2.0's password flow with JWTs.

Both are off by default. ``APILAB_API_KEYS=k1,k2`` asks for ``X-API-Key``;
``APILAB_AUTH_USERS`` (JSON: user -> {"password_hash", "scopes"}) turns on ``POST /token``,
which trades a username and password for a signed JWT (HS256, ``APILAB_JWT_SECRET``).
Reading (GET) needs the scope ``predictions:read``, changing anything
``predictions:write``. Make a password hash with
``python -m services.fastapi_rest.auth 'my password'``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
import time
from typing import Annotated

import jwt
from fastapi import APIRouter, Depends, Request, Response, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, OAuth2PasswordRequestForm

from services.common import api_keys
from services.wire.errors import PermissionDenied, Unauthenticated

from .responses import problems

ALGORITHM = "HS256"  # pinned: a token never chooses how it is checked ("alg": "none")
SCOPES = {
    "predictions:read": "Read models and stored predictions (GET)",
    "predictions:write": "Create, change and delete predictions, run batches",
}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}

api_key_header = APIKeyHeader(name=api_keys.HEADER, auto_error=False)
oauth2 = OAuth2PasswordBearer(
    tokenUrl="token",
    scopes=SCOPES,
    auto_error=False,  # our 401 is problem+json with the right challenge
    description="GET needs predictions:read; POST, PUT, PATCH, DELETE need predictions:write.",
)
router = APIRouter(tags=["auth"], responses=problems(401, 422))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$<salt>$<hash>``: slow on purpose, salted so equal passwords differ."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return "scrypt${}${}".format(*(base64.b64encode(b).decode() for b in (salt, digest)))


def verify_password(password: str, stored: str) -> bool:
    _, salt, _ = stored.split("$")
    return hmac.compare_digest(hash_password(password, base64.b64decode(salt)), stored)


# Checked when the user does not exist, so a wrong name takes as long as a wrong password.
DUMMY_HASH = hash_password("no such user", b"0" * 16)


def check_api_key(request: Request, key: Annotated[str | None, Security(api_key_header)]):
    api_keys.require(key, request.app.state.settings.api_keys)


@router.post("/token")
def issue_token(
    request: Request, response: Response, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> dict:
    """OAuth 2.0 password grant: a bearer JWT with the scopes asked for (all the user's if none)."""
    settings = request.app.state.settings
    user = settings.auth_users.get(form.username)
    valid = verify_password(form.password, user.password_hash if user else DUMMY_HASH)
    if not user or not valid:
        raise Unauthenticated("username or password not valid", challenge="Bearer")
    granted = [s for s in (form.scopes or user.scopes) if s in user.scopes]
    now, lifetime = int(time.time()), settings.jwt_minutes * 60
    claims = {"sub": form.username, "scope": " ".join(granted), "iat": now, "exp": now + lifetime}
    token = jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)
    response.headers["Cache-Control"] = "no-store"  # RFC 6749 5.1: no cache may keep a token
    response.headers["Pragma"] = "no-cache"
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": lifetime,
        "scope": claims["scope"],
    }


def check_token(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> dict:
    """The token's claims, if it is ours, unexpired, and carries the scope this method needs."""
    needed = "predictions:read" if request.method in READ_METHODS else "predictions:write"
    challenge = f'Bearer scope="{needed}"'
    rejected = f'{challenge}, error="invalid_token"'
    if not token:
        raise Unauthenticated("a bearer token is required: get one from POST /token", challenge)
    try:
        claims = jwt.decode(
            token,
            request.app.state.settings.jwt_secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the token has expired", rejected) from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("the token is not valid", rejected) from None
    if needed not in claims.get("scope", "").split():
        insufficient = f'{challenge}, error="insufficient_scope"'
        raise PermissionDenied(f"the token lacks the scope {needed!r}", insufficient)
    return claims


def guards(settings) -> list:
    """Dependencies for the protected routers: none while auth is off (the default)."""
    checks = [Depends(check_api_key)] if settings.api_keys else []
    if settings.auth_users:
        checks.append(Depends(check_token))
    return checks


if __name__ == "__main__":
    print(hash_password(sys.argv[1]))
