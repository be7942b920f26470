from daihoi.cli import main


def test_cli_help_lists_every_subcommand(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "migrate", "import", "export", "stats", "createuser", "manage"):
        assert command in out
