# cmake -DSOURCE_DIR=... -DOUTPUT=... -DVERSION=... -P WriteVersion.cmake
# Writes the version string into a small .cpp of its own, rewritten only when the text changes:
# a new commit then recompiles one tiny file, not every file that prints the version.
set(text "${VERSION}")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12 --match=NeVeR
                  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE commit
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE result)
  if(result EQUAL 0 AND commit)
    set(text "${VERSION} (commit ${commit})")
  endif()
endif()
set(content "// Generated at build time by cmake/WriteVersion.cmake.\n#include \"cli/version.hpp\"\n\nnamespace cli {\nconst char program_version[] = \"${text}\";\n}  // namespace cli\n")
# Rewritten only when the text changes (file(CONFIGURE) compares first), so nothing recompiles
# for nothing.
file(CONFIGURE OUTPUT "${OUTPUT}" CONTENT "${content}" @ONLY)
