from civic_accountability.cli import main

main()
