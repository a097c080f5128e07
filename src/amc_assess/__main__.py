"""Allow ``python -m amc_assess``."""

from amc_assess.cli import main

if __name__ == "__main__":
    main()
