"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "SFBV_", "AXES_"))
    }
    environ.update(env)
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_passes_with_secret_hosts_and_debug_off():
    result = manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="sfbv.example.test",
        DJANGO_DEBUG="false",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "security." not in output
    assert "no issues" in output


def test_a_bad_boolean_stops_start_up_naming_the_variable():
    result = manage("check", DJANGO_DEBUG="kanske")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_a_bad_integer_stops_start_up_naming_the_variable():
    result = manage("check", DJANGO_EMAIL_PORT="tjugofem")
    assert result.returncode != 0
    assert "DJANGO_EMAIL_PORT" in result.stderr


def test_a_deployment_without_a_secret_key_is_refused():
    result = manage("check", DJANGO_ALLOWED_HOSTS="sfbv.example.test", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_laptop_defaults_are_swedish_and_stockholm():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ


def test_a_bad_trusted_proxy_stops_start_up_naming_the_variable():
    result = manage("check", SFBV_TRUSTED_PROXIES="127.0.0.1, nginx.lokal")
    assert result.returncode != 0
    assert "SFBV_TRUSTED_PROXIES" in result.stderr
    assert "nginx.lokal" in result.stderr


def test_trusted_proxies_are_read_as_addresses_and_networks():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings; print(*settings.SFBV_TRUSTED_PROXIES)",
        SFBV_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/24, ::1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["127.0.0.1/32", "10.0.0.0/24", "::1/128"]


def test_a_per_address_limit_below_one_stops_start_up_naming_the_variable():
    result = manage("check", SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS="0")
    assert result.returncode != 0
    assert "SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS" in result.stderr


def test_a_bad_idle_timeout_stops_start_up_naming_the_variable():
    result = manage("check", SFBV_SESSION_IDLE_HOURS="åtta")
    assert result.returncode != 0
    assert "SFBV_SESSION_IDLE_HOURS" in result.stderr
    result = manage("check", SFBV_SESSION_IDLE_HOURS="0")
    assert result.returncode != 0
    assert "SFBV_SESSION_IDLE_HOURS" in result.stderr


def test_a_deployment_keeps_its_database_connections_with_health_checks():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    deployed = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="sfbv.example.test",
    )
    assert deployed.stdout.split() == ["60", "True"], deployed.stderr
    laptop = manage("shell", "--no-imports", "-c", code)
    assert laptop.stdout.split() == ["0", "True"], laptop.stderr
    chosen = manage("shell", "--no-imports", "-c", code, DATABASE_CONN_MAX_AGE="5")
    assert chosen.stdout.split() == ["5", "True"], chosen.stderr


def test_a_cache_url_that_is_not_redis_stops_start_up_naming_the_variable():
    result = manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_a_redis_cache_url_gives_every_worker_the_shared_cache():
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], settings.SFBV_ORGANISATION_CACHE_SECONDS)"
    )
    result = manage("shell", "-c", code, CACHE_URL="redis://cache.example.test:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example.test:6379/0",
        "3600",
    ]


def test_without_a_cache_url_the_cache_is_in_memory_with_a_short_lifetime():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SFBV_ORGANISATION_CACHE_SECONDS)"
    )
    result = manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.split() == ["django.core.cache.backends.locmem.LocMemCache", "60"]


def test_the_public_part_settings_are_read_and_checked():
    result = manage("check", SFBV_OPPET="kanske")
    assert result.returncode != 0
    assert "SFBV_OPPET" in result.stderr
    result = manage("check", SFBV_OPPET_RAPPORTER_PER_TIMME="0")
    assert result.returncode != 0
    assert "SFBV_OPPET_RAPPORTER_PER_TIMME" in result.stderr
    result = manage("check", SFBV_OPPET_MAX_AGE="-1")
    assert result.returncode != 0
    assert "SFBV_OPPET_MAX_AGE" in result.stderr
    result = manage("shell", "-c", "from django.conf import settings; print(settings.SFBV_OPPET)")
    assert result.stdout.strip().splitlines()[-1] == "True"
    off = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SFBV_OPPET)",
        SFBV_OPPET="0",
    )
    assert off.stdout.strip().splitlines()[-1] == "False"


def test_postgresql_connections_run_without_jit_unless_asked():
    code = (
        "from django.conf import settings as s; "
        "print(repr(s.DATABASES['default'].get('OPTIONS', {}).get('options')))"
    )
    url = "postgres://sfbv:sfbv@db.example.test:5432/sfbv"
    default = manage("shell", "--no-imports", "-c", code, DATABASE_URL=url)
    assert default.stdout.strip() == "'-c jit=off'", default.stderr
    asked = manage("shell", "--no-imports", "-c", code, DATABASE_URL=url, DATABASE_PG_JIT="true")
    assert asked.stdout.strip() == "None", asked.stderr
    sqlite = manage("shell", "--no-imports", "-c", code)
    assert sqlite.stdout.strip() == "None", sqlite.stderr


def test_a_bad_api_rate_or_page_size_stops_start_up_naming_the_variable():
    for value in ("mycket", "1200", "1200/vecka", "/hour"):
        result = manage("check", SFBV_API_RATE=value)
        assert result.returncode != 0, value
        assert "SFBV_API_RATE" in result.stderr
    assert manage("check", SFBV_API_RATE="60/minute").returncode == 0
    result = manage("check", SFBV_API_MAX_PAGE_SIZE="0")
    assert result.returncode != 0
    assert "SFBV_API_MAX_PAGE_SIZE" in result.stderr
