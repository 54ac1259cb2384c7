"""What every part of the bot shares and no feature owns: settings, logging, safe text."""
