package cn.palmcommunity.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AccountRepository implements PanacheRepository<Account> {

    public Uni<Account> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
