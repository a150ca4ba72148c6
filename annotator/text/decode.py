# TEMPORARY SHIM (not committed) until the text branch lands
from dataclasses import dataclass
class DecodeError(ValueError):
    def __init__(self, reason): super().__init__(reason); self.reason = reason
@dataclass(frozen=True)
class Decoded:
    text: str; encoding: str
def decode_bytes(data):
    if not data.strip(): raise DecodeError("empty file")
    if b"\0" in data: raise DecodeError("binary file (NUL bytes)")
    try: return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        try: return Decoded(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError: raise DecodeError("undecodable bytes")
def reject_reason_for_text(t):
    if not t.strip(): return "empty file"
    if "\0" in t: return "binary file (NUL bytes)"
    return None
