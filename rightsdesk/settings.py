"""Django settings for rightsdesk, read from the environment.

Every knob is documented in docs/operations.md. Defaults are the embedded ones: SQLite and keys in
a local data directory, so that one command runs everything. Values are parsed strictly
(rightsdesk.core.environment): one that does not parse stops start-up, naming the variable.
Nothing here may weaken a security header or a cookie flag without an explicit environment
variable that says so.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from rightsdesk.core.datadir import ensure_private_dir, load_or_create_secret
from rightsdesk.core.environment import (
    ConfigError,
    env_bool,
    env_choice,
    env_database,
    env_float,
    env_int,
    env_list,
    env_path,
    env_redis_url,
    env_str,
    env_url,
    env_url_list,
)
from rightsdesk.crypto import DEFAULT_KDF, KdfParams

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("RIGHTSDESK_DATA_DIR", BASE_DIR.parent / "var").resolve()
ensure_private_dir(DATA_DIR)
KEYS_DIR = ensure_private_dir(DATA_DIR / "keys")
FILES_DIR = ensure_private_dir(DATA_DIR / "files")

# The Django signing key. From the environment in production; otherwise a random key created
# once in the data directory (never a key committed to the repository).
SECRET_KEY = (
    env_str("RIGHTSDESK_SECRET_KEY", "")
    or load_or_create_secret(KEYS_DIR / "django-secret-key", size=50).hex()
)

DEBUG = env_bool("RIGHTSDESK_DEBUG", default=False)
ALLOWED_HOSTS = env_list("RIGHTSDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_url_list("RIGHTSDESK_CSRF_TRUSTED_ORIGINS", [])

# Optional organisation escrow: a base64 X25519 public key (rightsdesk escrow keygen).
ESCROW_PUBLIC_KEY = env_str("RIGHTSDESK_ESCROW_PUBLIC_KEY", "")

# Demo mode unlocks `rightsdesk demo`, which creates accounts with published passwords.
DEMO_MODE = env_bool("RIGHTSDESK_DEMO", default=False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "rightsdesk.core",
    "rightsdesk.accounts",
    "rightsdesk.audit",
    "rightsdesk.intake",
    "rightsdesk.cases",
    "rightsdesk.gaps",
    "rightsdesk.safety",
    "rightsdesk.community",
    "rightsdesk.partners",
    "rightsdesk.grievances",
    "rightsdesk.diligence",
    "rightsdesk.demands",
    "rightsdesk.transparency",
    "rightsdesk.wikisafety",
]

MIDDLEWARE = [
    # First: nothing after it can see, store or log who the client is.
    "rightsdesk.core.middleware.ForgetClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Outside every middleware that may answer by itself (a redirect, a refused form).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rightsdesk.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the first reader of request.POST (CSRF), after Locale: forms that are not UTF-8
    # get a translated 400 page and reach nothing else.
    "rightsdesk.core.formencoding.FormEncodingMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rightsdesk.core.files.SpoolCleanupMiddleware",
]

ROOT_URLCONF = "rightsdesk.urls"
WSGI_APPLICATION = "rightsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database = env_database("DATABASE_URL", conn_max_age=60)
if _database is not None:
    DATABASES = {"default": _database}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "rightsdesk.sqlite3"),
            "OPTIONS": {
                # Take the write lock at BEGIN so that read-then-write services (the audit
                # chain) cannot interleave; WAL keeps readers off the writers' backs.
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Longest password accepted anywhere: Argon2 of a megabyte is a denial of service.
PASSWORD_MAX_LENGTH = 1024

# Argon2id parameters for the key that wraps each user's private key (docs/security/crypto.md).
RIGHTSDESK_KDF = KdfParams(
    opslimit=env_int("RIGHTSDESK_KDF_OPSLIMIT", DEFAULT_KDF.opslimit, minimum=1),
    memlimit=env_int("RIGHTSDESK_KDF_MEMLIMIT_MIB", DEFAULT_KDF.memlimit >> 20, minimum=1) << 20,
)

# Receipts: Argon2id for the receipt lookup and wrap key. Fixed for the life of every receipt
# issued with it (changing it makes old receipts unfindable): set once, before the first report.
RIGHTSDESK_RECEIPT_KDF = KdfParams(
    opslimit=env_int("RIGHTSDESK_RECEIPT_KDF_OPSLIMIT", DEFAULT_KDF.opslimit, minimum=1),
    memlimit=env_int("RIGHTSDESK_RECEIPT_KDF_MEMLIMIT_MIB", DEFAULT_KDF.memlimit >> 20, minimum=1)
    << 20,
)

# Report limits (docs/operations.md). Defaults fit a few minutes of phone video.
RIGHTSDESK_MAX_FILES = env_int("RIGHTSDESK_MAX_FILES", 20)
RIGHTSDESK_MAX_FILE_BYTES = env_int("RIGHTSDESK_MAX_FILE_MB", 500) * 1_000_000
RIGHTSDESK_MAX_REPORT_BYTES = env_int("RIGHTSDESK_MAX_REPORT_MB", 1000) * 1_000_000
RIGHTSDESK_MIN_FREE_DISK_BYTES = env_int("RIGHTSDESK_MIN_FREE_DISK_MB", 2000) * 1_000_000
FILE_UPLOAD_HANDLERS = ["rightsdesk.core.files.EncryptingUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000  # the form's text fields, not files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
DATA_UPLOAD_MAX_NUMBER_FILES = RIGHTSDESK_MAX_FILES + 5

# Flood control without client identity (rightsdesk.core.admission).
RIGHTSDESK_EXPENSIVE_SLOTS = env_int("RIGHTSDESK_EXPENSIVE_SLOTS", 2, minimum=1)
RIGHTSDESK_EXPENSIVE_WAIT_SECONDS = env_float("RIGHTSDESK_EXPENSIVE_WAIT_SECONDS", 15.0)
RIGHTSDESK_REPORTS_PER_HOUR = env_int("RIGHTSDESK_REPORTS_PER_HOUR", 600)
# Admission by effort (rightsdesk.intake.admit, docs/security/effort.md): past the exhausted report
# budget, reports whose browser solved the suggested puzzle effort get in from this larger budget;
# the suggestion starts at the base under load, doubles each period a flood solves puzzles too, up
# to the ceiling, and halves each quiet period.
RIGHTSDESK_EFFORT_REPORTS_PER_HOUR = env_int(
    "RIGHTSDESK_EFFORT_REPORTS_PER_HOUR", 3 * RIGHTSDESK_REPORTS_PER_HOUR
)
RIGHTSDESK_EFFORT_BASE = env_int("RIGHTSDESK_EFFORT_BASE", 16, minimum=1)
RIGHTSDESK_EFFORT_CEILING = env_int("RIGHTSDESK_EFFORT_CEILING", 4096, minimum=1)
RIGHTSDESK_EFFORT_PERIOD_SECONDS = env_float("RIGHTSDESK_EFFORT_PERIOD_SECONDS", 60.0, minimum=1.0)
RIGHTSDESK_RECEIPT_FAILURES_PER_HOUR = env_int("RIGHTSDESK_RECEIPT_FAILURES_PER_HOUR", 600)
RIGHTSDESK_RECEIPT_FAILURE_DELAY_SECONDS = 2.0
# Partners without accounts report back with a one-time code (rightsdesk.partners.remote): wrong
# codes are slowed past this site-wide budget, like wrong receipts.
RIGHTSDESK_REFERRAL_CODE_FAILURES_PER_HOUR = env_int(
    "RIGHTSDESK_REFERRAL_CODE_FAILURES_PER_HOUR", 120, minimum=1
)
RIGHTSDESK_REFERRAL_CODE_FAILURE_DELAY_SECONDS = 2.0
# The largest OpenPGP referral (packet and files before encryption) mailed to a partner without
# accounts: mail servers refuse much more. Larger files must go by another way.
RIGHTSDESK_REMOTE_REFERRAL_MAX_BYTES = env_int("RIGHTSDESK_REMOTE_REFERRAL_MAX_MB", 15) * 1_000_000
# The public site's address as partners reach it (e.g. https://help.example.org), for the
# report-back link mailed with an OpenPGP referral; empty: the mail gives the path only.
RIGHTSDESK_PUBLIC_URL = env_url("RIGHTSDESK_PUBLIC_URL", "")
# Receipts derived ahead in memory while idle (cases.submission.receipt_pool); 0 turns it off.
RIGHTSDESK_RECEIPT_POOL = env_int("RIGHTSDESK_RECEIPT_POOL", 32)
RIGHTSDESK_MIN_FILL_SECONDS = env_int("RIGHTSDESK_MIN_FILL_SECONDS", 3)
RIGHTSDESK_INBOX_IDLE_SECONDS = 15 * 60
# Panels the pillars add near the top of the reporter's inbox (rightsdesk.intake.extensions): each
# a dotted path to `provider(inbox) -> Panel | None`, called with the opened inbox (the case and
# its key), in this order. Intake never imports the pillars; they plug in here. The partner network
# asks for consent to a referral, and offers to withdraw it.
RIGHTSDESK_INBOX_PANELS = ["rightsdesk.partners.consent.panels.inbox_panel"]
# Records of other pillars a receipt opens at the one inbox sign-in (rightsdesk.intake.extensions):
# each a dotted path to `holder(derived) -> HeldReceipt | None`, asked in order after no report
# matched the typed receipt. A grievance's receipt leads to its follow-up pages.
RIGHTSDESK_RECEIPT_HOLDERS = ["rightsdesk.grievances.follow.receipt_held"]
# The grievance procedure (docs/grievances.md): days per stage replace the defaults of
# rightsdesk.grievances.stages one by one, e.g. {"eligibility": 10}; the appeal window after a
# decision, the time an appeal review may take, how often a person should hear from the handlers
# (the scorecard's transparency), and the fewest entries a register category needs to be shown
# on its own.
RIGHTSDESK_GRIEVANCE_STAGE_DAYS: dict[str, int] = {}
RIGHTSDESK_GRIEVANCE_APPEAL_DAYS = env_int("RIGHTSDESK_GRIEVANCE_APPEAL_DAYS", 30)
RIGHTSDESK_GRIEVANCE_APPEAL_REVIEW_DAYS = env_int("RIGHTSDESK_GRIEVANCE_APPEAL_REVIEW_DAYS", 30)
RIGHTSDESK_GRIEVANCE_UPDATE_DAYS = env_int("RIGHTSDESK_GRIEVANCE_UPDATE_DAYS", 14)
RIGHTSDESK_GRIEVANCE_REGISTER_MIN = env_int("RIGHTSDESK_GRIEVANCE_REGISTER_MIN", 3)
# Transparency (docs/transparency.md, "Noise"): the differential-privacy budget a year's trend
# charts may spend, in epsilon, over all of them together.
RIGHTSDESK_DP_EPSILON_PER_YEAR = env_float("RIGHTSDESK_DP_EPSILON_PER_YEAR", 1.0)
# Shown with the receipt of an emergency report: how to reach the team's emergency channel
# (e.g. "Write to emergency@example.org"). Empty: a translated generic text is shown.
RIGHTSDESK_EMERGENCY_TEXT = env_str("RIGHTSDESK_EMERGENCY_TEXT", "")

# Background work: Django's tasks framework with a database-backed worker (`rightsdesk db_worker`),
# so the default needs no broker. RIGHTSDESK_TASKS=rq puts the same tasks on RQ over Redis
# (django-tasks-rq; worker: `rightsdesk rqworker --job-class django_tasks_rq.Job default`), for
# deployments where the database should not also be the queue (docs/operations.md).
RIGHTSDESK_TASKS = env_choice("RIGHTSDESK_TASKS", "database", ("database", "rq"))
RIGHTSDESK_REDIS_URL = env_redis_url("RIGHTSDESK_REDIS_URL", "")
TASKS: dict[str, dict[str, object]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if RIGHTSDESK_TASKS == "rq":
    if not RIGHTSDESK_REDIS_URL:
        raise ConfigError(
            "RIGHTSDESK_TASKS=rq needs RIGHTSDESK_REDIS_URL (redis://:PASSWORD@HOST:PORT/0). "
            "docs/operations.md lists every variable."
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A page's task must end: RQ stops a job after DEFAULT_TIMEOUT seconds.
    RQ_QUEUES = {"default": {"URL": RIGHTSDESK_REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# Acknowledgement deadlines and escalation steps per priority: the defaults live with the
# priorities (rightsdesk.cases.vocabulary.DEADLINE_DEFAULTS, the format is documented there and in
# docs/casework.md); a deployment may set RIGHTSDESK_DEADLINES here to replace the table. On the
# wall clock: "ack_minutes" and "escalate": [(minutes after arrival, who is paged)]. In working
# time: "ack_working_days" and "escalate_working_days". Who: "on_call", "lead" (the rota) or
# "team_lead" (every admin). Checked at startup.

# The clocks each round of `rightsdesk cases watch` (and the `check_deadlines` task) runs, each a
# function of `now` that returns what it did, one line each: the cases' acknowledgement clock and
# the pillars' own (referrals not answered in time, consent that ran out).
RIGHTSDESK_CLOCKS = [
    "rightsdesk.cases.oncall.deadlines.deadlines_check",
    "rightsdesk.partners.clock.referrals_check",
    "rightsdesk.grievances.clock.grievance_clock",
    "rightsdesk.diligence.clock.diligence_check",
    "rightsdesk.wikisafety.mediawiki.watcher.wikis_watch",
    "rightsdesk.demands.clock.demands_check",
]

# The wikis' watcher (docs/wikisafety.md). Each round hands every new revision to these
# functions, `(RevisionSeen) -> None`, inside the transaction that stores it and moves the
# position (detection plugs in here); an exception rolls the round back. HTTP: seconds before a
# call gives up, and mwclient's retries within a call. Rounds: every how many seconds the clock
# queues one per wiki, how many changes one round reads at most, how far back each round looks
# again (edits recorded late), and the longest backoff after failures.
RIGHTSDESK_WIKISAFETY_ON_REVISION = [
    "rightsdesk.wikisafety.queue.intake.finding_from_revision",
    "rightsdesk.wikisafety.queue.targeting.targeting_from_revision",
    "rightsdesk.wikisafety.queue.targeting.photo_from_revision",
]
# Targeting: an editor of a protected volunteer's user (talk) page is "new or unconfirmed" when
# not in the wiki's autoconfirmed group, or with fewer edits, or a younger account, than this.
RIGHTSDESK_WIKISAFETY_TARGETING = {"min_edits": 10, "min_age_days": 4}
# Reports from the wikis' ReportIncident forwarders: at most this many per wiki per hour.
RIGHTSDESK_WIKISAFETY_REPORTS_PER_HOUR = 120
RIGHTSDESK_WIKISAFETY_HTTP = {"timeout": 15.0, "retries": 2, "retry_wait": 1.0}
RIGHTSDESK_WIKISAFETY_ROUND = {
    "every_seconds": 60,
    "max_changes": 500,
    "overlap_seconds": 120,
    "backoff_max_seconds": 3600,
}

# Panels the pillars add to the case page (rightsdesk.cases.extensions): dotted paths of functions
# `(request, case, case_key, bound) -> CasePanel | None`, drawn in this order under the case's own
# forms, their events merged into its timeline. Casework never imports the pillars: they are named
# here. The partner network's referrals of the case, with the "Refer" flow.
RIGHTSDESK_CASE_PANELS = [
    "rightsdesk.partners.casework.panel.case_panel",
    "rightsdesk.wikisafety.queue.panel.case_panel",
    "rightsdesk.wikisafety.protection.panel.case_panel",
]

# The tables a transparency release can publish (docs/transparency.md, "Releases"): providers
# returning `rightsdesk.transparency.tables.TableDef`s, each counting a pillar's clear metadata.
# A new pillar (the demand register) adds its provider here.
RIGHTSDESK_TRANSPARENCY_TABLES = [
    "rightsdesk.transparency.tables.casework.tables",
    "rightsdesk.transparency.tables.partners.tables",
    "rightsdesk.transparency.tables.grievances.tables",
    "rightsdesk.transparency.tables.demands.tables",
]

# Panels the pillars add to the staff member's dashboard (/staff/, rightsdesk.cases.extensions):
# dotted paths of functions `(request, user) -> DashboardPanel | None`, drawn in this order under
# the unread cases. Due diligence: the actions this person owns that are past due.
RIGHTSDESK_DASHBOARD_PANELS = [
    "rightsdesk.diligence.panels.dashboard_panel",
]

# The team's working hours, for deadlines counted in working days (cases.oncall.workhours):
# an IANA zone, working weekdays (0 = Monday), the day's start and end on that zone's clock (one
# working day = end - start) and holidays as ISO dates. Checked at startup.
RIGHTSDESK_WORKING_HOURS = {
    "time_zone": "UTC",
    "days": [0, 1, 2, 3, 4],
    "start": "09:00",
    "end": "17:00",
    "holidays": [],
}

# Retention in days after the last update, per status (rightsdesk.cases.retention); statuses not
# listed are kept. `rightsdesk cases retention` applies it (run daily).
RIGHTSDESK_RETENTION_DAYS = {"closed": 365, "resolved": 365, "out_of_mandate": 90, "duplicate": 30}

# Login throttling, per account, never per client address (docs/security/threat-model.md).
LOGIN_FREE_FAILURES = 5
LOGIN_BASE_DELAY_SECONDS = 30
LOGIN_MAX_DELAY_SECONDS = 15 * 60
# While an account is throttled, its owner can ask for a sign-in link by mail to the account's
# address (rightsdesk.accounts.services.login_link_request): valid this long, for this many
# attempts (each still needs the password and a TOTP code), one live link per account at a time.
LOGIN_LINK_MINUTES = 30
LOGIN_LINK_ATTEMPTS = 3

OTP_TOTP_ISSUER = env_str("RIGHTSDESK_TOTP_ISSUER", "rightsdesk")
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions: the staff store keeps only a hash of each session key (rightsdesk.accounts.sessions).
SESSION_ENGINE = "rightsdesk.accounts.sessions"
SESSION_COOKIE_NAME = "rd_staff"
# A staff session ends after an hour without a request (each request renews it) or when the
# browser closes; the sealed key goes with it.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"

# Behind TLS (a reverse proxy or an onion service) every cookie is Secure and HSTS is on. Only
# the local demo on http://127.0.0.1 turns this off, with RIGHTSDESK_HTTPS=0.
HTTPS = env_bool("RIGHTSDESK_HTTPS", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Strict"
if HTTPS:
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("RIGHTSDESK_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer ever leaves the site. Not "no-referrer": under it browsers send `Origin: null` on
# our own form posts, and CSRF protection can no longer tell our forms from a forged one
# (found by tests/browser). "same-origin" sends the origin only back to us.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    # The report form's effort puzzle runs in a Web Worker (rightsdesk.intake.effort).
    "worker-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Advertised to Tor Browser on every public page when set (http://<56 chars>.onion).
ONION_LOCATION = env_url("RIGHTSDESK_ONION_LOCATION", "")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("my", _("Burmese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Mail (Django 6.1 MAILERS). Pages carry no case content, only "something needs you".
_mail_backend = env_str(
    "RIGHTSDESK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Parsed whatever the backend, so that a bad value stops start-up even before SMTP is chosen.
_smtp_options: dict[str, object] = {
    "host": env_str("RIGHTSDESK_EMAIL_HOST", "localhost"),
    "port": env_int("RIGHTSDESK_EMAIL_PORT", 25, minimum=1, maximum=65535),
    "username": env_str("RIGHTSDESK_EMAIL_USER", ""),
    "password": env_str("RIGHTSDESK_EMAIL_PASSWORD", ""),
    "use_tls": env_bool("RIGHTSDESK_EMAIL_TLS", default=False),
}
_mail_options = _smtp_options if _mail_backend.endswith("smtp.EmailBackend") else {}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("RIGHTSDESK_EMAIL_FROM", "rightsdesk@localhost")
# No error mails: Django's would carry request headers. Errors go to the log, scrubbed.
ADMINS: list[tuple[str, str]] = []

# Logging never names a client: ForgetClientMiddleware blanks addresses before any handler runs,
# and the development server's own access log (which can print the peer) is kept to warnings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "rightsdesk": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
