# The version string: the project version, plus the commit when built from a git checkout. It is
# worked out at every build (not only at configure time, which would go stale after a commit) by
# WriteVersion.cmake, which rewrites generated/version.cpp only when the text changes.
add_custom_target(version_source ALL
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${CMAKE_BINARY_DIR}/generated/version.cpp
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_CURRENT_LIST_DIR}/WriteVersion.cmake
  BYPRODUCTS ${CMAKE_BINARY_DIR}/generated/version.cpp
  COMMENT "Checking the version string")
