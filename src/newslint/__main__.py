from newslint.cli import console

console()
