// Debian's libsqlite3-dev (see Makefile `deps`); linked directly rather than through GRDB
// so CI builds stay fast.
#include <sqlite3.h>
