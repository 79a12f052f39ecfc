from qenex_desktop.cli.main import main

raise SystemExit(main())
