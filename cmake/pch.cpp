// The translation unit that compiles the precompiled headers (cmake/jetway_pch.cmake).
