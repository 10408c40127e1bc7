# Warnings for our own targets only, attached through an INTERFACE target (as ccache does).
# They are errors in development and CI (AUTOSANA_WERROR=ON), never for people building a release.
add_library(standard_warnings INTERFACE)
target_compile_options(standard_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wformat=2
  # GCC 12 reports false -Wrestrict overlaps in std::string concatenation (GCC bug 105651).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${AUTOSANA_WERROR}>:-Werror>)
