// Files that are not a loadable library for this host are refused from their bytes alone.
#include <elf.h>
#include <link.h>
#include <stdlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "plugin/plugin_file_check.hpp"

namespace erpbridge::plugin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Optional;

class PluginFileCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "erpbridge-filecheck-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& bytes) {
    const fs::path file = dir_ / "candidate.so";
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
  // A plausible ELF header for this host, with no program or section headers yet.
  static ElfW(Ehdr) native_header() {
    ElfW(Ehdr) eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_DYN;
    eh.e_machine = EM_X86_64;
    eh.e_phentsize = sizeof(ElfW(Phdr));
    eh.e_shentsize = sizeof(ElfW(Shdr));
    return eh;
  }
  static std::string bytes_of(const ElfW(Ehdr) & eh) {
    return std::string(reinterpret_cast<const char*>(&eh), sizeof eh);
  }

  fs::path dir_;
};

TEST_F(PluginFileCheck, MissingFileCannotBeRead) {
  EXPECT_THAT(check_plugin_file(dir_ / "absent.so"), Optional(HasSubstr("cannot read the file")));
}

TEST_F(PluginFileCheck, TextIsNotASharedLibrary) {
  EXPECT_EQ(check_plugin_file(write("#!/bin/sh\necho hi\n")),
            "not a shared library (no ELF header)");
  EXPECT_EQ(check_plugin_file(write("")), "not a shared library (no ELF header)");
}

#if defined(__x86_64__)
TEST_F(PluginFileCheck, RelocatableObjectIsNotASharedLibrary) {
  auto eh = native_header();
  eh.e_type = ET_REL;
  EXPECT_EQ(check_plugin_file(write(bytes_of(eh))),
            "not a shared library (ELF type 1, expected a shared object)");
}

TEST_F(PluginFileCheck, OtherClassIsRefused) {
  auto eh = native_header();
  eh.e_ident[EI_CLASS] = ELFCLASS32;
  EXPECT_THAT(check_plugin_file(write(bytes_of(eh))), Optional(HasSubstr("wrong ELF class")));
}

TEST_F(PluginFileCheck, OtherMachineIsRefused) {
  auto eh = native_header();
  eh.e_machine = EM_AARCH64;
  EXPECT_EQ(check_plugin_file(write(bytes_of(eh))),
            "built for another CPU architecture (ELF machine 183)");
}

TEST_F(PluginFileCheck, HeadersPointingPastTheEndAreCorrupt) {
  auto eh = native_header();
  eh.e_phoff = 1 << 20;
  eh.e_phnum = 4;
  EXPECT_EQ(check_plugin_file(write(bytes_of(eh))),
            "truncated or corrupt shared library (program headers lie outside the file)");
}

TEST_F(PluginFileCheck, LibraryWithoutSectionHeadersIsCorrupt) {
  const auto eh = native_header();  // no program headers, no section headers
  EXPECT_EQ(check_plugin_file(write(bytes_of(eh))),
            "truncated or corrupt shared library (section headers lie outside the file)");
}
#endif

}  // namespace
}  // namespace erpbridge::plugin
