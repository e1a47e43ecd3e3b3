"""Settings of the service, read from ``MENTORNET_*`` environment variables.

============================  ==============================  =====================================
variable                      default                         meaning
============================  ==============================  =====================================
MENTORNET_DATABASE_URL        ``sqlite:///./mentornet.db``    SQLite file, or ``postgresql://…``
MENTORNET_API_TOKEN           (none)                          token that writes need; none = open
MENTORNET_READ_ONLY_OPEN      ``true``                        reads work without the token
MENTORNET_MAX_UPLOAD_BYTES    ``10485760`` (10 MiB)           largest uploaded file
MENTORNET_MAX_SCHOOLS         ``5000``                        largest network (schools); also
                                                              sets the readers' row limit
MENTORNET_READ_TIME_LIMIT     ``60``                          longest one upload may take to read (s)
MENTORNET_SOLVE_TIME_LIMIT_MAX ``600``                        longest solve a request may ask for (s)
MENTORNET_WORKERS             ``2``                           solves running at the same time
MENTORNET_JOB_LEASE_SECONDS   ``30``                          silence after which a server's jobs count as left behind
MENTORNET_DASK_SCHEDULER      (none)                          ``tcp://host:8786``: solve on that Dask cluster
============================  ==============================  =====================================
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Everything the service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="MENTORNET_", extra="ignore")

    database_url: str = Field("sqlite:///./mentornet.db", description="SQLAlchemy URL: a SQLite file or PostgreSQL")
    api_token: SecretStr | None = Field(None, description="token required for writes (Authorization: Bearer … or X-API-Token); none = no token needed")
    read_only_open: bool = Field(True, description="reads work without the token")
    max_upload_bytes: int = Field(10 * 1024 * 1024, gt=0, description="largest uploaded file, in bytes")
    max_schools: int = Field(5000, gt=0, description="largest network accepted, in schools (the readers stop at 20 rows per school)")
    read_time_limit: float = Field(60.0, gt=0, le=3600, description="longest one upload may take to read, in seconds")
    solve_time_limit_max: float = Field(600.0, gt=0, description="longest solver time limit a request may ask for, in seconds")
    workers: int = Field(2, ge=1, le=64, description="solve jobs running at the same time")
    job_lease_seconds: float = Field(
        30.0, ge=1.0, le=86400.0,
        description="a server beats for its jobs every lease / 4 (at most every 10 s); a job whose server has not beaten for "
                    "this many seconds is failed by the other servers and at start-up (servers sharing a database should use one value)",
    )
    dask_scheduler: str | None = Field(
        None, description="address of a Dask scheduler (tcp://host:8786): solve jobs run on its workers instead of this server's threads",
    )
    migrate: bool = Field(True, description="run the database migrations at start-up")

    @property
    def token(self) -> str | None:
        """The API token, or None when none is set (empty counts as none)."""
        if self.api_token is None:
            return None
        value = self.api_token.get_secret_value()
        return value or None
