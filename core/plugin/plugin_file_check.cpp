#include "plugin/plugin_file_check.hpp"

#include <elf.h>
#include <erpbridge/plugin_abi.h>
#include <link.h>

#include <boost/dll/library_info.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace erpbridge::plugin {

namespace {

using Ehdr = ElfW(Ehdr);
using Phdr = ElfW(Phdr);
using Shdr = ElfW(Shdr);

// What "for this machine" means; e_machine is only checked where we know our own value.
constexpr unsigned char kNativeClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char kNativeData =
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;
#if defined(__x86_64__)
constexpr int kNativeMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr int kNativeMachine = EM_AARCH64;
#else
constexpr int kNativeMachine = -1;
#endif

bool range_fits(std::uint64_t offset, std::uint64_t length, std::uint64_t file_size) {
  return offset <= file_size && length <= file_size - offset;
}

bool table_fits(std::uint64_t offset, std::uint64_t count, std::uint64_t entry_size,
                std::uint64_t file_size) {
  // count is at most 0xffff and entry_size at most 64, so the product cannot overflow.
  return range_fits(offset, count * entry_size, file_size);
}

template <typename T>
bool read_at(std::ifstream& in, std::uint64_t offset, T& out) {
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(reinterpret_cast<char*>(&out), sizeof out);
  return static_cast<bool>(in);
}

std::optional<std::string> check_header(const Ehdr& eh) {
  if (eh.e_ident[EI_CLASS] != kNativeClass)
    return "not a shared library for this host (wrong ELF class: 32/64-bit)";
  if (eh.e_ident[EI_DATA] != kNativeData)
    return "not a shared library for this host (wrong byte order)";
  if (eh.e_type != ET_DYN)
    return "not a shared library (ELF type " + std::to_string(eh.e_type) +
           ", expected a shared object)";
  if (kNativeMachine >= 0 && eh.e_machine != kNativeMachine)
    return "built for another CPU architecture (ELF machine " + std::to_string(eh.e_machine) + ")";
  return std::nullopt;
}

// A library whose loadable segments extend past the end of the file would be mapped by dlopen
// and fault (SIGBUS) on first touch, and library_info trusts section offsets and sizes when it
// allocates; so a truncated or corrupt file is refused here.
std::optional<std::string> check_layout(std::ifstream& in, const Ehdr& eh,
                                        std::uint64_t file_size) {
  const std::string corrupt = "truncated or corrupt shared library (";
  if (eh.e_phentsize != sizeof(Phdr) ||
      !table_fits(eh.e_phoff, eh.e_phnum, sizeof(Phdr), file_size))
    return corrupt + "program headers lie outside the file)";
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Phdr ph{};
    if (!read_at(in, eh.e_phoff + i * sizeof(Phdr), ph))
      return corrupt + "program headers unreadable)";
    if (ph.p_type != PT_NULL && !range_fits(ph.p_offset, ph.p_filesz, file_size))
      return corrupt + "a segment extends past the end of the file)";
  }
  if (eh.e_shnum == 0 || eh.e_shentsize != sizeof(Shdr) || eh.e_shstrndx >= eh.e_shnum ||
      !table_fits(eh.e_shoff, eh.e_shnum, sizeof(Shdr), file_size))
    return corrupt + "section headers lie outside the file)";
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    Shdr sh{};
    if (!read_at(in, eh.e_shoff + i * sizeof(Shdr), sh))
      return corrupt + "section headers unreadable)";
    if (sh.sh_type != SHT_NOBITS && !range_fits(sh.sh_offset, sh.sh_size, file_size))
      return corrupt + "a section extends past the end of the file)";
  }
  return std::nullopt;
}

std::optional<std::string> check_entry_symbol(const std::filesystem::path& file) {
  std::vector<std::string> symbols;
  try {
    boost::dll::library_info info(file);
    symbols = info.symbols();
  } catch (const std::exception& e) {
    return std::string("unreadable symbol table (") + e.what() + ")";
  }
  if (std::find(symbols.begin(), symbols.end(), ERPB_ENTRY_SYMBOL) == symbols.end())
    return std::string("no entry point: the library does not export " ERPB_ENTRY_SYMBOL);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_plugin_file(const std::filesystem::path& file) {
  try {
    std::error_code ec;
    const std::uint64_t file_size = std::filesystem::file_size(file, ec);
    if (ec) return "cannot read the file (" + ec.message() + ")";
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::string("cannot open the file");
    Ehdr eh{};
    in.read(reinterpret_cast<char*>(&eh),
            static_cast<std::streamsize>(std::min<std::uint64_t>(file_size, sizeof eh)));
    if (file_size < SELFMAG || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
      return std::string("not a shared library (no ELF header)");
    if (file_size < sizeof eh)
      return std::string("truncated or corrupt shared library (ELF header cut short)");
    if (auto problem = check_header(eh)) return problem;
    if (auto problem = check_layout(in, eh, file_size)) return problem;
    return check_entry_symbol(file);
  } catch (const std::exception& e) {
    return std::string("cannot be checked (") + e.what() + ")";
  }
}

}  // namespace erpbridge::plugin
