// Included first by each file of this folder that inlines Boost.Asio or Beast code. GCC 12
// reports, once that code is inlined, a null dereference inside Asio's scheduler (the pointer is
// checked by the caller) and, with the sanitizers, a boost::optional "maybe used uninitialized" in
// Beast's parser; neither can happen. These warnings are only given at code generation, so they
// are turned off for the rest of the including file rather than around the includes.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
