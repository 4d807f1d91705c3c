from nrkb.cli import main

main()
