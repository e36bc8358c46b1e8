// Markdown and SVG reports read from the store (issue 5).
import RoCBertStore
