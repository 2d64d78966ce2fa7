"""QR codes: inline, labelled for screen readers, allowed by the CSP."""

from circles.lib.qr import qr_svg


def test_the_qr_is_an_inline_labelled_image_without_styles() -> None:
    svg = str(qr_svg("https://circles.example.org/p/ABCDEF/", label="Poll QR", css_class="poll-qr"))
    assert svg.startswith('<svg role="img" aria-label="Poll QR" ')
    assert 'class="poll-qr"' in svg
    assert "viewBox" in svg and 'width="' not in svg.split(">", 1)[0]
    # The CSP forbids inline styles and scripts.
    assert "style" not in svg and "<script" not in svg


def test_the_label_is_escaped() -> None:
    svg = str(qr_svg("https://example.org/", label='Say "hi" <b>', css_class="x"))
    assert 'aria-label="Say &quot;hi&quot; &lt;b&gt;"' in svg


def test_different_addresses_give_different_codes() -> None:
    one = qr_svg("https://example.org/a", label="a", css_class="x")
    two = qr_svg("https://example.org/b", label="a", css_class="x")
    assert one != two
