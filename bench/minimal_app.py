"""The baseline for the start-up and idle benchmarks: a minimal Textual app (a Static and a Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class MinimalApp(App[None]):
    """Just enough to paint something."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """A line of text and the footer."""
        yield Static("Beginner day 1 minimal baseline")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
