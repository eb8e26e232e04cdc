from gklint.lsp.server import main

raise SystemExit(main())
