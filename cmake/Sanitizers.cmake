# AddressSanitizer + UndefinedBehaviorSanitizer for every target when AUTOSANA_SANITIZE is ON.
# UBSan is made fatal so that a report fails the test that caused it instead of scrolling past.
add_library(standard_sanitizers INTERFACE)
if(AUTOSANA_SANITIZE)
  set(_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(standard_sanitizers INTERFACE ${_flags})
  target_link_options(standard_sanitizers INTERFACE ${_flags})
endif()
