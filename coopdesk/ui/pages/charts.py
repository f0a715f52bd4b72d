"""Beranda › charts: members' savings and loans over the last twelve months, loan quality by
class, and the SHU of recent years — drawn with QPainter (PySide6 Essentials has no QtCharts),
plain enough to read at a glance: few colours, labelled values, no legend to decode."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from coopdesk.i18n import _, format_money, month_name
from coopdesk.ledger.statements.trends import Trends
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.home import Card

INK = QColor("#1f2933")
MUTED = QColor("#7b8794")
GRID = QColor("#e4e7eb")
SAVINGS = QColor("#2f6fbd")
LOANS = QColor("#d97706")
GOOD = QColor("#2f855a")
BAD = QColor("#c53030")
QUALITY = [QColor("#2f855a"), QColor("#d69e2e"), QColor("#dd6b20"), QColor("#c53030")]


def short_money(amount: int) -> str:
    """Rp1,2 jt / Rp3,4 M: short enough for a chart's labels (rounded to a tenth)."""
    from coopdesk.i18n import language
    from coopdesk.money import round_ratio_half_up

    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for limit, suffix in ((1_000_000_000, _("bn")), (1_000_000, _("m")), (1_000, _("k"))):
        if value >= limit:
            whole, tenth = divmod(round_ratio_half_up(value * 10, limit), 10)
            mark = "," if language() == "id" else "."
            return f"{sign}Rp{whole}{mark + str(tenth) if tenth else ''} {suffix}"
    return f"{sign}Rp{value}"


class Chart(QWidget):
    """A titled drawing area; subclasses paint the figures in `plot`."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMinimumSize(280, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(INK)
        p.drawText(QRectF(0, 0, self.width(), 20), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        self.plot(p, QRectF(8, 28, self.width() - 16, self.height() - 48))
        p.end()

    def plot(self, p: QPainter, area: QRectF) -> None:
        raise NotImplementedError

    def empty(self, p: QPainter, area: QRectF, text: str) -> None:
        p.setPen(MUTED)
        p.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


class BalancesChart(Chart):
    """Two lines: members' savings and loans outstanding at each month end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Savings and loans by month"), parent)
        self.trends: Trends | None = None

    def plot(self, p: QPainter, area: QRectF) -> None:
        points = self.trends.months if self.trends else ()
        if not points:
            self.empty(p, area, _("No figures yet."))
            return
        top = max(max(pt.savings, pt.loans) for pt in points) or 1
        chart = QRectF(area.left() + 4, area.top() + 18, area.width() - 8, area.height() - 34)
        p.setPen(QPen(GRID, 1))
        for i in range(5):
            y = chart.bottom() - chart.height() * i / 4
            p.drawLine(QPointF(chart.left(), y), QPointF(chart.right(), y))
        step = chart.width() / max(len(points) - 1, 1)
        for color, values, label in ((SAVINGS, [pt.savings for pt in points], _("Savings")),
                                     (LOANS, [pt.loans for pt in points], _("Loans"))):
            path = QPainterPath()
            for i, v in enumerate(values):
                xy = QPointF(chart.left() + i * step, chart.bottom() - chart.height() * v / top)
                path.moveTo(xy) if i == 0 else path.lineTo(xy)
            p.setPen(QPen(color, 2.5))
            p.drawPath(path)
            p.setPen(color)
            last_y = chart.bottom() - chart.height() * values[-1] / top
            p.drawText(QRectF(chart.right() - 190, last_y - 18, 190, 16),
                       Qt.AlignmentFlag.AlignRight, f"{label} {short_money(values[-1])}")
        p.setPen(MUTED)
        for i, pt in enumerate(points):
            if i % 2 == (len(points) - 1) % 2:  # every other month, ending with the last
                x = min(chart.left() + i * step, chart.right() - 20)
                p.drawText(QRectF(x - 20, chart.bottom() + 2, 40, 14),
                           Qt.AlignmentFlag.AlignCenter,
                           month_name(pt.month_end.month, abbreviated=True))


class QualityChart(Chart):
    """One bar per loan-quality class, its outstanding amount beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Loan quality"), parent)
        self.trends: Trends | None = None

    def plot(self, p: QPainter, area: QRectF) -> None:
        classes = self.trends.quality if self.trends else ()
        if not classes or not any(c.outstanding for c in classes):
            receivable = self.trends.receivable if self.trends else 0
            self.empty(p, area, _("No loans in the loans register.") if not receivable else _(
                "Loans outstanding {amount}; no loan records to classify.").format(
                amount=format_money(receivable)))
            return
        top = max(c.outstanding for c in classes) or 1
        row = area.height() / len(classes)
        label_w = min(150.0, area.width() * 0.45)
        for i, (c, color) in enumerate(zip(classes, QUALITY, strict=False)):
            y = area.top() + i * row
            p.setPen(INK)
            p.drawText(QRectF(area.left(), y, label_w - 6, row), Qt.AlignmentFlag.AlignVCenter
                       | Qt.AlignmentFlag.AlignLeft, c.name)
            width = (area.width() - label_w - 90) * c.outstanding / top
            p.fillRect(QRectF(area.left() + label_w, y + row * 0.2, max(width, 1), row * 0.6),
                       color)
            p.drawText(QRectF(area.left() + label_w + width + 4, y, 90, row),
                       Qt.AlignmentFlag.AlignVCenter, short_money(c.outstanding))


class ShuChart(Chart):
    """The SHU (or loss) of recent years as bars; the open year is drawn lighter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("SHU of the year"), parent)
        self.trends: Trends | None = None

    def plot(self, p: QPainter, area: QRectF) -> None:
        years = self.trends.shu if self.trends else ()
        if not years:
            self.empty(p, area, _("No figures yet."))
            return
        top = max(abs(y.shu) for y in years) or 1
        has_loss = any(y.shu < 0 for y in years)
        base = area.top() + area.height() * (0.5 if has_loss else 0.85)
        span = area.height() * (0.4 if has_loss else 0.7)
        slot = area.width() / len(years)
        for i, y in enumerate(years):
            color = QColor(GOOD if y.shu >= 0 else BAD)
            if not y.closed:
                color.setAlpha(110)
            h = span * abs(y.shu) / top
            x = area.left() + i * slot + slot * 0.2
            rect = QRectF(x, base - h if y.shu >= 0 else base, slot * 0.6, max(h, 1))
            p.fillRect(rect, color)
            p.setPen(INK)
            label_y = rect.top() - 15 if y.shu >= 0 else rect.bottom() + 1
            p.drawText(QRectF(x - slot * 0.2, label_y, slot, 14), Qt.AlignmentFlag.AlignCenter,
                       short_money(y.shu))
            p.setPen(MUTED)
            p.drawText(QRectF(x - slot * 0.2, area.bottom() + 2, slot, 14),
                       Qt.AlignmentFlag.AlignCenter,
                       str(y.year) + ("" if y.closed else "*"))
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(area.left(), base), QPointF(area.right(), base))


class ChartsCard(Card):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("How the cooperative is doing"), parent)
        self.ctx = ctx
        row = QHBoxLayout()
        self.balances, self.quality, self.shu = BalancesChart(), QualityChart(), ShuChart()
        for chart in (self.balances, self.quality, self.shu):
            row.addWidget(chart, 1)
        column = QVBoxLayout()
        column.addLayout(row)
        note = QLabel(_("* the year is still open: its SHU is so far."))
        note.setObjectName("figureLabel")
        column.addWidget(note)
        self.body.addLayout(column)
        ctx.changed.connect(lambda _area: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.statements.trends import trends

        book = self.ctx.book

        def load(_progress: object) -> Trends:
            with book.read() as session:
                return trends(session)

        self.ctx.run_task(load, title=_("Reading the book…"), on_done=self._show,
                          cancellable=False, silent=True)

    def _show(self, data: Trends) -> None:
        for chart in (self.balances, self.quality, self.shu):
            chart.trends = data
            chart.update()
