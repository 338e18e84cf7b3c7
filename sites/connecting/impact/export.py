"""The impact report as a CSV file: one line per figure, exactly as the page shows it
(hidden numbers stay "fewer than 5" or "not shown")."""

import csv

from django.http import HttpResponse
from django.utils.text import slugify

from .report import Report

HEADER = ["Section", "Measure", "Column", "Value"]


def csv_response(report: Report) -> HttpResponse:
    name = f"impact-{slugify(report.scope)}-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    write_csv(report, response)
    return response


def write_csv(report: Report, out) -> None:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerow(["Report", "Scope", "", report.scope])
    writer.writerow(["Report", "From", "", f"{report.start:%Y-%m-%d}"])
    writer.writerow(["Report", "To", "", f"{report.end:%Y-%m-%d}"])
    for line in report.frozen:
        writer.writerow(["Report", "Frozen", "", line])
    sections = [report.boroughs, *report.sections] if report.boroughs else report.sections
    for section in sections:
        for row in section.rows:
            for column, value in zip(section.columns[1:], row.cells, strict=True):
                writer.writerow([section.title, row.label, column, value])
        for note in section.notes:
            writer.writerow([section.title, "Note", "", note])
