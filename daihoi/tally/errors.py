"""The one error the tally engine raises: input that cannot describe a real count."""


class TallyError(ValueError):
    """Impossible or malformed input; the message is one line, fit to show the counting board."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
