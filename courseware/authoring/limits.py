"""The package limits as the authoring pages say them, and the request sizes they allow."""

from courseware.content.package import KIB, LESSON_CAP, MAX_FILES, MEDIA_CAP, MIB, PACKAGE_CAP

UPLOAD_LIMIT = PACKAGE_CAP + MIB  # a whole package, and the form around it
PICTURE_LIMIT = MEDIA_CAP + LESSON_CAP + 64 * KIB  # a picture, the lesson, and the form


def size_words(size: int) -> str:
    """A size limit in words: '50 MB' for whole mebibytes, else '512 KB'."""
    if size % MIB == 0:
        return f"{size // MIB} MB"
    return f"{size // KIB} KB"


PACKAGE_WORDS = size_words(PACKAGE_CAP)
PICTURE_WORDS = size_words(MEDIA_CAP)
UPLOAD_HINT = f"At most {PACKAGE_WORDS} and {MAX_FILES} files."
