# likewise: build, test, benchmark and install.
#
#   make            build/likewise.so (loadable), build/liblikewise.a (static), the
#                   client library build/liblikewise_shim.{a,so} and build/lwsql
#   make demo       build, then a short tour in the real sqlite3 shell
#   make test       unit tests, sqllogictest files, load tests, differential tests
#   make sanitize   the whole test suite under ASan+UBSan (build/sanitize/)
#   make fuzz       every libFuzzer target for FUZZ_SECONDS each
#   make bench      every benchmark under bench/, ratios against a same-run baseline
#   make install    PREFIX=/usr/local (DESTDIR honoured)
#   make lint       clang-format check; make check-exports: the .so exports only the .def
#
# Modules are discovered: every ext/<module>/*.c is part of the library, every
# tests/test_*.c is a cmocka program, every fuzz/fuzz_*.c a libFuzzer target and
# every bench/<question>/ a benchmark. Adding a module needs no change here.

VERSION     := 0.1.0
BUILD       ?= build
PREFIX      ?= /usr/local
CC          ?= cc
FUZZ_CC     ?= clang
FUZZ_SECONDS ?= 20

PKGS        := sqlite3 icu-uc icu-i18n libpcre2-8 nettle
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-lsqlite3 -licui18n -licuuc -licudata -lpcre2-8 -lnettle)
LIBS        := $(PKG_LIBS) -lgmp -lm -lpthread
# The shim's server backends (shim/backend/): libpq and MariaDB Connector/C, always
# built (Debian's libpq-dev and libmariadb-dev). Only the shim and what links it use
# them; the extension itself does not.
SERVER_PKGS := libpq libmariadb
SERVER_CFLAGS := $(or $(shell pkg-config --cflags $(SERVER_PKGS) 2>/dev/null),-I/usr/include/postgresql -I/usr/include/mariadb)
SERVER_LIBS := $(or $(shell pkg-config --libs $(SERVER_PKGS) 2>/dev/null),-lpq -lmariadb)
SHIM_LDLIBS := $(LIBS) $(SERVER_LIBS)

WARN        := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS      ?= -O2 -g
ALL_CFLAGS  := -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden \
               -Iext $(PKG_CFLAGS) -DLW_VERSION='"$(VERSION)"'
ifeq ($(SAN),1)
SAN_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ALL_CFLAGS  += $(SAN_FLAGS) -DLW_SANITIZE=1
LDFLAGS     += $(SAN_FLAGS)
endif
# The build flags are reported by likewise_build_info(); keep them short and truthful.
ALL_CFLAGS  += -DLW_BUILD_FLAGS='"$(strip $(CFLAGS) $(SAN_FLAGS))"'

EXT_SRCS    := ext/likewise.c $(sort $(wildcard ext/*/*.c))
SO_OBJS     := $(EXT_SRCS:%.c=$(BUILD)/obj/so/%.o)
A_OBJS      := $(EXT_SRCS:%.c=$(BUILD)/obj/a/%.o)
TEST_SRCS   := $(sort $(wildcard tests/test_*.c))
TEST_BINS   := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRCS   := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS   := $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%)
BENCH_DIRS  := $(sort $(dir $(wildcard bench/*/README.md)))
BENCH_BINS  := $(foreach d,$(BENCH_DIRS),$(if $(wildcard $(d)bench.c),$(BUILD)/bench/$(notdir $(patsubst %/,%,$(d)))))
TOOL_SRCS   := $(sort $(wildcard tools/*.c))
# The client library: every source of shim/ and its folders (the core, the shared
# dialect layer, one folder per dialect), plus the static extension's objects, so one
# archive (or .so) is all a program links. The lwsql command is shim/lwsql/*.c; it
# adds Debian's libedit for line editing.
SHIM_SRCS   := $(filter-out shim/lwsql/%,$(sort $(wildcard shim/*.c shim/*/*.c shim/*/*/*.c)))
SHIM_OBJS   := $(SHIM_SRCS:%.c=$(BUILD)/obj/a/%.o)
LWSQL_SRCS  := $(sort $(wildcard shim/lwsql/*.c))
LWSQL_OBJS  := $(LWSQL_SRCS:%.c=$(BUILD)/obj/a/%.o)
LWSQL_LIBS  := $(or $(shell pkg-config --libs libedit 2>/dev/null),-ledit)
SHIM_LIBS   := $(BUILD)/liblikewise_shim.a $(BUILD)/liblikewise_shim.so $(BUILD)/lwsql
TOOL_BINS   := $(TOOL_SRCS:tools/%.c=$(BUILD)/%)

.PHONY: all demo test sanitize fuzz bench install lint format check-exports clean
all: $(BUILD)/likewise.so $(BUILD)/likewise_django.so $(BUILD)/liblikewise.a $(SHIM_LIBS) $(TOOL_BINS)

$(BUILD)/obj/so/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/a/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSQLITE_CORE -Ishim $(SERVER_CFLAGS) -MMD -MP -c $< -o $@

# The export list is sqlite_ext.def; the linker version script is derived from it.
$(BUILD)/likewise.map: sqlite_ext.def
	@mkdir -p $(@D)
	{ echo '{ global:'; awk 'NR>1 && NF {print "  " $$1 ";"}' $<; echo '  local: *; };'; } > $@

$(BUILD)/likewise.so: $(SO_OBJS) $(BUILD)/likewise.map
	$(CC) -shared $(LDFLAGS) -Wl,--version-script=$(BUILD)/likewise.map -o $@ $(SO_OBJS) \
	    $(filter-out -lsqlite3,$(LIBS))

# The same library under the name from which SQLite derives the Django entry point,
# sqlite3_likewisedjango_init (Python 3.11's load_extension cannot name one).
$(BUILD)/likewise_django.so: $(BUILD)/likewise.so
	ln -sf likewise.so $@

$(BUILD)/liblikewise.a: $(A_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/liblikewise_shim.a: $(SHIM_OBJS) $(A_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/liblikewise_shim.so: $(SHIM_OBJS) $(A_OBJS)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,liblikewise_shim.so -o $@ $^ $(SHIM_LDLIBS)

$(BUILD)/lwsql: $(LWSQL_OBJS) $(BUILD)/liblikewise_shim.a
	$(CC) $(LDFLAGS) -o $@ $(LWSQL_OBJS) $(BUILD)/liblikewise_shim.a $(SHIM_LDLIBS) $(LWSQL_LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/liblikewise_shim.a $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSQLITE_CORE -Itests -Ishim $(SERVER_CFLAGS) $< -o $@ $(LDFLAGS) $(BUILD)/liblikewise_shim.a -lcmocka $(SHIM_LDLIBS)

# Command-line tools (the sqllogictest runner) live in tools/ and link the shim, which
# holds the static extension.
$(BUILD)/%: tools/%.c $(BUILD)/liblikewise_shim.a $(wildcard tools/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSQLITE_CORE -Itools -Ishim $< -o $@ $(LDFLAGS) $(BUILD)/liblikewise_shim.a $(SHIM_LDLIBS)

# The example of docs/shim.md and docs/example.c, run by tests/differential/example on
# the embedded backend and the servers.
$(BUILD)/example: docs/example.c $(BUILD)/liblikewise_shim.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ishim $< -o $@ $(LDFLAGS) $(BUILD)/liblikewise_shim.a $(SHIM_LDLIBS)

$(BUILD)/bench/%: bench/%/bench.c $(BUILD)/liblikewise_shim.a $(wildcard bench/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSQLITE_CORE -Ibench -Ishim $(SERVER_CFLAGS) $< -o $@ $(LDFLAGS) $(BUILD)/liblikewise_shim.a $(SHIM_LDLIBS)

$(BUILD)/fuzz/%: fuzz/%.c $(EXT_SRCS) $(SHIM_SRCS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	    -DSQLITE_CORE -DLW_VERSION='"$(VERSION)"' -DLW_BUILD_FLAGS='"fuzz"' -Iext -Ishim $(PKG_CFLAGS) \
	    $(SERVER_CFLAGS) $< $(EXT_SRCS) $(SHIM_SRCS) -o $@ $(SHIM_LDLIBS)

# demo, test and bench install missing packages first, then build in a fresh make so
# that pkg-config sees what was just installed.
demo:
	@scripts/install-deps build
	@$(MAKE) --no-print-directory all
	@scripts/demo $(BUILD)

test:
	@scripts/install-deps test
	@$(MAKE) --no-print-directory all $(TEST_BINS) $(BUILD)/example
	@scripts/run-tests $(BUILD)

sanitize:
	@scripts/install-deps test
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/sanitize SAN=1 CFLAGS='-O1 -g' all \
	    $(TEST_BINS:$(BUILD)/%=$(BUILD)/sanitize/%) $(BUILD)/sanitize/example
	@LW_SANITIZE=1 scripts/run-tests $(BUILD)/sanitize

fuzz:
	@scripts/install-deps test
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@set -e; for f in $(FUZZ_BINS); do \
	    name=$$(basename $$f); corpus=$(BUILD)/fuzz/corpus/$$name; mkdir -p $$corpus; \
	    seeds=""; [ -d fuzz/seeds/$$name ] && seeds=fuzz/seeds/$$name; \
	    echo "== $$name ($(FUZZ_SECONDS)s)"; \
	    $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	        $$corpus $$seeds 2>&1 | grep -E '^(stat::number_of_executed_units|==|SUMMARY|INFO: Running)' ; \
	    test $${PIPESTATUS[0]} -eq 0 || { echo "$$name: FAILED"; exit 1; }; \
	done
fuzz: SHELL := /bin/bash

bench:
	@scripts/install-deps build
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@scripts/run-bench $(BUILD)

install: all
	scripts/install-files "$(DESTDIR)" "$(PREFIX)" "$(BUILD)" "$(VERSION)"

lint:
	clang-format --dry-run -Werror $$(git ls-files '*.c' '*.h')

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

check-exports: $(BUILD)/likewise.so
	@diff <(awk 'NR>1 && NF {print $$1}' sqlite_ext.def | sort) \
	      <(nm -D --defined-only $< | awk '$$2 ~ /^[TDBRVW]$$/ {print $$3}' | sort) \
	  && echo "exports match sqlite_ext.def"
check-exports: SHELL := /bin/bash

clean:
	rm -rf $(BUILD)

-include $(SO_OBJS:.o=.d) $(A_OBJS:.o=.d) $(SHIM_OBJS:.o=.d) $(LWSQL_OBJS:.o=.d)
