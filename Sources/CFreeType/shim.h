// FreeType from Debian's libfreetype-dev (see Makefile `deps`); the include path comes from
// pkg-config freetype2. Named headers rather than ft2build.h's FT_*_H macros, which a module
// map cannot follow.
#include <ft2build.h>
#include <freetype/freetype.h>
#include <freetype/ftoutln.h>
#include <freetype/ftsnames.h>
#include <freetype/ttnameid.h>
#include <freetype/tttables.h>
