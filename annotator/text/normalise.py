import unicodedata
def normalise(t):
    if t.startswith("\ufeff"): t = t[1:]
    return unicodedata.normalize("NFC", t.replace("\r\n", "\n").replace("\r", "\n"))
