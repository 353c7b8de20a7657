"""``python -m termlint``."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="termlint")
