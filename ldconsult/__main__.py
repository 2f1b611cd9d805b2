from ldconsult.cli import main

main()
