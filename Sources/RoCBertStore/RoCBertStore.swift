// The SQLite record of attack runs (issue 5).
import RoCBert
