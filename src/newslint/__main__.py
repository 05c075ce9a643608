from newslint.command import console

console()
