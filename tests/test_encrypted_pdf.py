"""Encrypted PDFs: an owner-password-only PDF (empty user password) is read like any
other, for RC4 and AES; one that needs a user password is refused with that reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from test_reading import SAMPLE, make_pdf
from wuxing_kg.errors import BadInputError
from wuxing_kg.reading import read_bulletin


def encrypt(plain: bytes, *, user: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return make_pdf([SAMPLE.strip("\n").split("\n")])


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf_without_user_password_is_read(tmp_path: Path, plain_pdf: bytes, algorithm: str) -> None:
    data = encrypt(plain_pdf, user="", algorithm=algorithm)
    assert PdfReader(io.BytesIO(data)).is_encrypted  # the test really makes an encrypted file
    path = tmp_path / "protected.pdf"
    path.write_bytes(data)
    b = read_bulletin(path)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(plain_pdf)
    assert b.text == read_bulletin(plain).text
    assert b.issue == "第7期"
    assert "高标准农田" in b.text


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128"])
def test_encrypted_pdf_with_user_password_is_refused(tmp_path: Path, plain_pdf: bytes, algorithm: str) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypt(plain_pdf, user="open-sesame", algorithm=algorithm))
    with pytest.raises(BadInputError) as info:
        read_bulletin(path)
    assert "encrypted PDF: a password is needed" in str(info.value)
    assert "corrupt" not in str(info.value)


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real-files"


@pytest.mark.parametrize("name", ["aes256-owner.pdf", "aes128-owner.pdf"])
def test_qpdf_encrypted_without_user_password_is_read(name: str) -> None:
    assert PdfReader(FIXTURES / name).is_encrypted
    b = read_bulletin(FIXTURES / name)
    assert b.text == read_bulletin(FIXTURES / "plain.pdf").text
    assert b.issue == "第7期" and b.title == "省农业农村厅工作简报"


def test_qpdf_rc4_with_user_password_is_refused() -> None:
    with pytest.raises(BadInputError) as info:
        read_bulletin(FIXTURES / "rc4-user.pdf")
    assert info.value.exit_code == 2
    assert "encrypted PDF: a password is needed" in info.value.why
