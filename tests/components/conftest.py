"""The dev and prod stacks (tests/infra/conftest.py's fixtures), for the components' checks of them."""

from tests.infra.conftest import dev, prod

__all__ = ["dev", "prod"]
