// Typed messages: a message type is a plain struct with a kind name and one field list.
//
//   struct AppendEntries {
//     static constexpr std::string_view kKind = "append_entries";
//     int64_t term = 0;
//     std::vector<Entry> entries;
//     template <class V> void Fields(V& v) { v("term", term); v("entries", entries); }
//   };
//   ctx.Send(peer, AppendEntries{.term = term_, .entries = batch});
//
// The field list (message_fields.h) drives the trace body JSON, the trace hash, equality,
// the byte size and, through the trace, the diagrams' labels: no field is ever addressed
// by index. A type may also name the fields its diagram label shows, most telling first
// (paths into the body; a path through a list takes that field of every element):
//
//     static constexpr std::string_view kLabelFields[] = {"term", "entries.value"};
//
// The trace lists them in its `kinds` header line (trace.h), so viz/ can label arrows
// "append_entries term=3 value=[5,7]" without linking the model. A node receives each type in its own typed handler (NodeOf in node.h).
//
// In flight a message is an Envelope: routing data plus an AnyMessage, a type-erased
// value that keeps small messages inline (no allocation per send) and larger ones (with
// vectors of entries) on the heap.
#ifndef FAULTLINE_SIM_MESSAGE_H_
#define FAULTLINE_SIM_MESSAGE_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/hash_mixer.h"
#include "sim/message_fields.h"

namespace faultline::sim {

// Index of a network endpoint: nodes are 0..N-1 ("n1".."nN"), clients follow.
using EndpointId = int32_t;
// Index of a registered message kind in one run (registration order).
using MessageKind = uint16_t;

// A message struct: a `kKind` name and a field list.
template <class T>
concept MessageBody = HasFields<T> && std::is_copy_constructible_v<T> && requires {
  { T::kKind } -> std::convertible_to<std::string_view>;
};

// A message type that names the fields its diagram label shows (see the top of this file).
template <class T>
concept HasLabelFields = requires {
  { std::size(T::kLabelFields) } -> std::convertible_to<size_t>;
  { T::kLabelFields[0] } -> std::convertible_to<std::string_view>;
};

// What the simulator knows of a message type: its name and its field-list operations,
// reached through function pointers so in-flight messages need no templates.
struct MessageTypeInfo {
  std::string_view name;
  // The fields its diagram label shows (T::kLabelFields), or none: the diagram guesses.
  std::vector<std::string_view> label_fields;
  // A process-local number used only to index lookup tables; never in any output (it
  // depends on which type was touched first), so it cannot affect determinism.
  uint32_t ordinal = 0;
  size_t size = 0;
  bool stored_inline = false;
  void (*append_json)(const void* msg, std::string& out) = nullptr;
  void (*hash)(const void* msg, HashMixer& mixer) = nullptr;
  bool (*equal)(const void* a, const void* b) = nullptr;
  size_t (*byte_size)(const void* msg) = nullptr;
  void* (*clone_heap)(const void* msg) = nullptr;
  void (*copy_inline)(void* dst, const void* src) = nullptr;
  void (*move_inline)(void* dst, void* src) = nullptr;
  void (*destroy)(void* msg, bool stored_inline) = nullptr;
};

namespace message_internal {
uint32_t NextTypeOrdinal();
inline constexpr size_t kInlineBytes = 48;

template <class T>
constexpr bool kFitsInline = sizeof(T) <= kInlineBytes && alignof(T) <= alignof(std::max_align_t) &&
                             std::is_nothrow_move_constructible_v<T>;

template <class T>
MessageTypeInfo MakeTypeInfo() {
  MessageTypeInfo t;
  t.name = T::kKind;
  if constexpr (HasLabelFields<T>) {
    for (std::string_view field : T::kLabelFields) t.label_fields.push_back(field);
  }
  t.ordinal = NextTypeOrdinal();
  t.size = sizeof(T);
  t.stored_inline = kFitsInline<T>;
  t.append_json = [](const void* m, std::string& out) {
    out.push_back('{');
    JsonFieldWriter w(out);
    VisitFields(*static_cast<const T*>(m), w);
    out.push_back('}');
  };
  t.hash = [](const void* m, HashMixer& mixer) {
    HashFieldVisitor v(mixer);
    VisitFields(*static_cast<const T*>(m), v);
  };
  t.equal = [](const void* a, const void* b) {
    return EqualFieldVisitor::FieldsEqual(*static_cast<const T*>(a), *static_cast<const T*>(b));
  };
  t.byte_size = [](const void* m) {
    SizeFieldVisitor v;
    VisitFields(*static_cast<const T*>(m), v);
    return v.bytes;
  };
  t.clone_heap = [](const void* m) -> void* { return new T(*static_cast<const T*>(m)); };
  t.copy_inline = [](void* dst, const void* src) { new (dst) T(*static_cast<const T*>(src)); };
  t.move_inline = [](void* dst, void* src) { new (dst) T(std::move(*static_cast<T*>(src))); };
  t.destroy = [](void* m, bool stored_inline) {
    if (stored_inline) {
      static_cast<T*>(m)->~T();
    } else {
      delete static_cast<T*>(m);
    }
  };
  return t;
}
}  // namespace message_internal

// The one MessageTypeInfo of T.
template <MessageBody T>
const MessageTypeInfo& TypeInfoOf() {
  static const MessageTypeInfo info = message_internal::MakeTypeInfo<T>();
  return info;
}

// A message of any type, by value.
class AnyMessage {
 public:
  AnyMessage() = default;
  template <MessageBody T>
  explicit AnyMessage(T msg) : type_(&TypeInfoOf<T>()) {
    if constexpr (message_internal::kFitsInline<T>) {
      new (buf_) T(std::move(msg));
    } else {
      heap_ = new T(std::move(msg));
    }
  }
  AnyMessage(const AnyMessage& o) : type_(o.type_) { CopyFrom(o); }
  AnyMessage(AnyMessage&& o) noexcept : type_(o.type_) { MoveFrom(o); }
  AnyMessage& operator=(const AnyMessage& o) {
    if (this != &o) {
      Reset();
      type_ = o.type_;
      CopyFrom(o);
    }
    return *this;
  }
  AnyMessage& operator=(AnyMessage&& o) noexcept {
    if (this != &o) {
      Reset();
      type_ = o.type_;
      MoveFrom(o);
    }
    return *this;
  }
  ~AnyMessage() { Reset(); }

  bool empty() const { return type_ == nullptr; }
  // REQUIRES: !empty().
  const MessageTypeInfo& type() const { return *type_; }
  const void* data() const {
    return type_ != nullptr && type_->stored_inline ? static_cast<const void*>(buf_) : heap_;
  }
  // The message as T, or nullptr when it is another type.
  template <MessageBody T>
  const T* As() const {
    return type_ == &TypeInfoOf<T>() ? static_cast<const T*>(data()) : nullptr;
  }
  std::string BodyJson() const;
  size_t ByteSize() const { return type_ == nullptr ? 0 : type_->byte_size(data()); }
  friend bool operator==(const AnyMessage& a, const AnyMessage& b) {
    if (a.type_ != b.type_) return false;
    return a.type_ == nullptr || a.type_->equal(a.data(), b.data());
  }

 private:
  void CopyFrom(const AnyMessage& o) {
    if (type_ == nullptr) return;
    if (type_->stored_inline) {
      type_->copy_inline(buf_, o.buf_);
    } else {
      heap_ = type_->clone_heap(o.heap_);
    }
  }
  void MoveFrom(AnyMessage& o) noexcept {
    if (type_ == nullptr) return;
    if (type_->stored_inline) {
      type_->move_inline(buf_, o.buf_);
      type_->destroy(o.buf_, true);
    } else {
      heap_ = o.heap_;
    }
    o.type_ = nullptr;
  }
  void Reset() {
    if (type_ == nullptr) return;
    type_->destroy(type_->stored_inline ? static_cast<void*>(buf_) : heap_, type_->stored_inline);
    type_ = nullptr;
  }

  const MessageTypeInfo* type_ = nullptr;
  union {
    alignas(std::max_align_t) unsigned char buf_[message_internal::kInlineBytes];
    void* heap_;
  };
};

// A message in flight: who sent it to whom, its kind in this run, and its body.
struct Envelope {
  uint64_t id = 0;  // unique per send; a duplicate delivery keeps the id of its original
  EndpointId from = 0;
  EndpointId to = 0;
  MessageKind kind = 0;
  AnyMessage body;
};

// The message kinds of one run, in registration order. A kind is a type in a namespace:
// the root namespace "" names it by its type name ("append_entries"); a sub-model's
// namespace prefixes it ("shard2/append_entries"), so the same type can travel in several
// groups on the same nodes and still reach the right one. Namespaces nest with '/'
// ("shard2/log"): a composite model registers its sub-models' kinds inside a Scope, so a
// model's create function, unchanged, registers in whatever namespace it is given.
class MessageKinds {
 public:
  struct Info {
    std::string name;  // full name: "append_entries" or "shard2/append_entries"
    const MessageTypeInfo* type = nullptr;
    int space = 0;  // namespace index; 0 is the root
  };

  // While a Scope lives, Add, AddHandledBy and Register put their types below `space`
  // (below the enclosing scope, if any): in Scope(kinds, "a"), Add<Ping>() registers
  // "a/ping" and Add<Ping>("x") registers "a/x/ping". Scopes nest, innermost last.
  class Scope {
   public:
    Scope(MessageKinds& kinds, std::string_view space);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    MessageKinds& kinds_;
    std::string saved_;
  };

  // Registers T in `space` below the current scope (idempotent) and returns its kind.
  template <MessageBody T>
  MessageKind Add(std::string_view space = "") {
    return Register(TypeInfoOf<T>(), space);
  }
  // Registers every type a node class handles (its NodeOf list).
  template <class Node>
  void AddHandledBy(std::string_view space = "") {
    Node::Handled::ForEach([&]<class M>() { Add<M>(space); });
  }
  MessageKind Register(const MessageTypeInfo& type, std::string_view space);

  // The full name of `space` below the current scope: "x" in scope "a" is "a/x", "" is
  // the scope itself.
  std::string Scoped(std::string_view space) const;

  // The namespace's index by full name, made on first use (scopes do not apply). "" is 0.
  int Space(std::string_view space);
  // The namespace's index by full name, or nullopt if nothing made it.
  std::optional<int> FindSpace(std::string_view space) const;
  const std::string& space_name(int space) const { return spaces_.at(space); }
  size_t space_count() const { return spaces_.size(); }
  // The kind of `type` in namespace `space`, or nullopt if the model never registered it.
  std::optional<MessageKind> KindOf(const MessageTypeInfo& type, int space) const;
  std::optional<MessageKind> Find(std::string_view full_name) const;
  const Info& info(MessageKind kind) const { return infos_.at(kind); }
  size_t size() const { return infos_.size(); }

 private:
  std::vector<Info> infos_;
  std::vector<std::string> spaces_ = {""};
  std::string scope_;  // full name of the innermost Scope's namespace; "" outside any
  // by_space_[space][type ordinal] = kind + 1 (0: not registered)
  std::vector<std::vector<uint32_t>> by_space_ = {{}};
};

// A compile-time list of message types (NodeOf's Handled).
template <class... Ms>
struct TypeList {
  template <class F>
  static void ForEach(F&& f) {
    (f.template operator()<Ms>(), ...);
  }
};

}  // namespace faultline::sim

#endif  // FAULTLINE_SIM_MESSAGE_H_
