# backrest: the three entry points.
#   make        build build/backrest
#   make test   every test: unit and CLI tests, again under ASan+UBSan,
#               formatting and the banned-function list
#   make run    the main job (see README)
#   make install PREFIX=/usr/local (and DESTDIR=...)  the binary, the
#               manual page backrest(1), the bash completion, the systemd
#               units and docs/operations.md
# CMake does the work underneath; scripts/install-deps installs what is
# missing first.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
DB         ?= backrest.db
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all deps test test-plain test-asan check-style check-banned \
	check-layers run format fuzz valgrind clean install

all: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

deps:
	@scripts/install-deps --check || scripts/install-deps

test: deps check-style check-banned check-layers test-plain test-asan
	@echo "all tests passed"

test-plain: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBR_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

check-style:
	@scripts/check-style

check-banned:
	@scripts/check-banned

# The layers point down only; the script's own tests show it can fail.
check-layers:
	@scripts/check-layers
	@python3 -B tests/layers/test_check_layers.py -q

format:
	@scripts/check-style --fix

run: all
	@scripts/run-demo $(BUILD)/backrest $(DB)

# Builds first (an existing build directory keeps its configuration).
install:
	@test -f $(BUILD)/CMakeCache.txt || $(MAKE) --no-print-directory all
	@cmake --build $(BUILD) -j $(JOBS) --target backrest backrest_docs
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

fuzz: deps
	@CC=clang-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBR_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

VALGRIND_BUILD ?= build-valgrind
valgrind: deps
	@cmake -S . -B $(VALGRIND_BUILD) -DCMAKE_BUILD_TYPE=Debug -DBR_VALGRIND=ON >/dev/null
	@cmake --build $(VALGRIND_BUILD) -j $(JOBS)
	cd $(VALGRIND_BUILD) && ctest --output-on-failure -j $(JOBS) -E crash

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(VALGRIND_BUILD)
